/** What the worker does with one request. Pure of threads, so the bench and tests call it directly. */
import { errorMessage, WeightFileError } from '../../core/errors';
import { readWeightSource } from '../../core/readers';
import { bytesSource, readAll, type ByteSource } from '../../core/readers/byteSource';
import { openFileSource } from '../../node/fileByteSource';
import { siblingOpener } from '../../node/siblings';
import { analyzeFile, analyzeMatrix } from '../../core/analysis';
import { fromRows } from '../../core/matrix';
import { summarizeCheckpoint } from '../../core/run';
import type { NamedMatrix, ReadOptions, WeightFile } from '../../core/weightFile';
import { matrixLocations } from './locations';
import { PartialReportBuilder, withTestSpin, type PartialReport, type ProgressSink } from '../../core/progress';
import type { FileSource, SerializedError, WorkerReply, WorkerRequest } from '../pure/workerProtocol';

export function isWorkerRequest(x: unknown): x is WorkerRequest {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { kind?: unknown; id?: unknown };
  return typeof r.id === 'number' && (r.kind === 'file' || r.kind === 'matrix' || r.kind === 'summary');
}

function serializeError(e: unknown): SerializedError {
  if (e instanceof WeightFileError) return { name: 'WeightFileError', message: e.message, place: e.place };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

/**
 * Reads with the layout the file's names tell; when that finds nothing and the user's default
 * layout is Keras, tries again reading unnamed stacks as Keras kernels (H x 4H).
 */
function readWithFallback(source: ByteSource, fileName: string, read: ReadOptions, fallback: 'keras' | undefined): WeightFile {
  try {
    return readWeightSource(source, fileName, read);
  } catch (e) {
    if (fallback === undefined || read.layout !== undefined || !(e instanceof WeightFileError)) throw e;
    try {
      return readWeightSource(source, fileName, { ...read, layout: fallback });
    } catch {
      throw e; // the first refusal says more about the file as written
    }
  }
}

/** How a job reports its stages: `post` gets each partial report; `spinStage` arms the test hook. */
export interface ProgressChannel {
  readonly post: (partial: PartialReport) => void;
  readonly spinStage?: string;
}

/** Least time between two posts of step progress. */
const STEP_POST_MS = 250;

/** A builder whose every change is posted, or none when the request did not ask for progress. */
function progressFor(req: WorkerRequest, name: string, channel: ProgressChannel | undefined): { builder?: PartialReportBuilder; sink?: ProgressSink } {
  if (!channel) return {};
  const builder = new PartialReportBuilder(name, req.options.horizon);
  let lastPost = 0;
  const post: ProgressSink = (e) => {
    builder.sink(e);
    if (req.progress !== true) return;
    // Steps come k by k (60 or more per matrix): a few a second keep the bar and the budget going.
    const now = Date.now();
    if (e.kind === 'step' && now - lastPost < STEP_POST_MS) return;
    lastPost = now;
    channel.post(builder.snapshot());
  };
  return { builder, sink: withTestSpin(post, channel.spinStage) };
}

export function handleRequest(req: WorkerRequest, channel?: ProgressChannel): WorkerReply {
  const asked = new Set<string>();
  try {
    if (req.kind === 'matrix') {
      const { builder, sink } = progressFor(req, req.name, channel);
      builder?.read(undefined, 1);
      const n = req.rows.length;
      const m: NamedMatrix = {
        name: req.name,
        shape: [n, req.rows[0]?.length ?? 0],
        matrix: fromRows(req.rows),
        role: 'matrix',
        layout: 'pytorch',
        dtype: 'text',
        score: 0,
      };
      return { id: req.id, ok: true, kind: 'matrix', matrix: analyzeMatrix(m, req.options, sink) };
    }
    if (req.kind === 'summary') {
      const { file, size } = withSource(req.source, (source) => ({ file: readWeightSource(source, req.fileName, req.read), size: source.size }));
      return { id: req.id, ok: true, kind: 'summary', ...summarizeCheckpoint(file, req.options, req.part), meta: file.meta ?? null, ...sizeSeen(req.source, size) };
    }
    const { builder, sink } = progressFor(req, req.displayName, channel);
    // A file on disk may keep tensors in files beside it (ONNX external data); bytes have no folder.
    const read: ReadOptions = 'path' in req.source ? { ...req.read, openSibling: siblingOpener(req.source.path, asked) } : req.read;
    const { file, text, size } = withSource(req.source, (source, given) => {
      const f = readWithFallback(source, req.fileName, read, req.layoutFallback);
      // Text formats map matrices to editor ranges, which needs the text: decoded after the
      // analysis, so the first numbers do not wait for it.
      const t = given ?? (f.format === 'json' || f.format === 'csv' ? readAll(source) : undefined);
      return { file: f, text: t, size: source.size };
    });
    builder?.read(file.format, req.names?.length ?? file.matrices.length);
    const report = analyzeFile(file, req.displayName, req.options, req.names, sink);
    const decoded = typeof text === 'string' || text === undefined ? text : new TextDecoder().decode(text);
    return { id: req.id, ok: true, kind: 'file', report, file, locations: matrixLocations(file, decoded), ...sizeSeen(req.source, size), ...siblingsAsked(asked) };
  } catch (e) {
    return { id: req.id, ok: false, error: serializeError(e), ...siblingsAsked(asked) };
  }
}

const siblingsAsked = (asked: ReadonlySet<string>): { siblings?: readonly string[] } => (asked.size > 0 ? { siblings: [...asked] } : {});

const sizeSeen = (source: FileSource, size: number): { size?: number } => ('path' in source ? { size } : {});

/** Opens the request's source (a path is opened here and closed after), passing any given text. */
function withSource<T>(src: FileSource, use: (source: ByteSource, text: string | undefined) => T): T {
  if ('text' in src) return use(bytesSource(new TextEncoder().encode(src.text)), src.text);
  if ('bytes' in src) return use(bytesSource(src.bytes), undefined);
  let file;
  try {
    file = openFileSource(src.path);
  } catch (e) {
    // Vanished or unreadable since the host's stat: a refusal of the file, as a failed host read is.
    throw new WeightFileError(errorMessage(e), { kind: 'file' });
  }
  try {
    return use(file, undefined);
  } finally {
    file.close();
  }
}
