/** The part of jsfive (a pure-JavaScript HDF5 reader, no types of its own) that the readers use. */
declare module 'jsfive' {
  /** Object header of a group or dataset; `offset` is its address in the file. */
  interface DataObjects {
    readonly offset?: number;
  }
  export class Group {
    readonly name: string;
    readonly keys: string[];
    readonly attrs: Record<string, unknown>;
    readonly _dataobjects?: DataObjects;
    get(path: string): Group | Dataset | null;
  }
  export class File extends Group {
    constructor(buffer: ArrayBuffer, filename?: string);
  }
  export class Dataset {
    readonly name: string;
    readonly shape: number[];
    readonly dtype: unknown;
    readonly attrs: Record<string, unknown>;
    readonly value: unknown;
    readonly _dataobjects?: DataObjects;
  }
  /** Decoders by HDF5 filter id (1 deflate, 2 shuffle, 3 fletcher32); replaceable. */
  export const Filters: Map<number, (buffer: ArrayBuffer, itemsize: number, clientData: unknown) => ArrayBuffer>;
}
