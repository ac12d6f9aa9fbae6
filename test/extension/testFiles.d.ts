/** Generated at build time by scripts/extensionTestsPlugin.mjs: every test/extension/**\/*.test.ts. */
declare module 'rgl:extension-tests' {
  export interface ExtensionTestFile {
    /** Path relative to test/extension. */
    readonly file: string;
    /** Evaluates the file (its describe/it calls); run only after mocha's pre-require. */
    readonly load: () => unknown;
  }
  export const testFiles: readonly ExtensionTestFile[];
}
