// Webview entry: renders the analysis report posted by the extension host.
const root = document.getElementById('app');
if (root) root.textContent = 'RNN Gradient Lens';
