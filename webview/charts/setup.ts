/** Chart.js with only the pieces the panel draws (tree-shaken), plus the zoom and matrix plugins. */
import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';

let done = false;

export function setupCharts(): void {
  if (done) return;
  done = true;
  Chart.register(LineController, LineElement, PointElement, ScatterController, LinearScale, Tooltip, Legend, Filler, zoomPlugin, MatrixController, MatrixElement);
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
}

export { Chart };
