#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(bundle)) {
  // A source checkout that was never built: say what to do instead of a module-not-found trace.
  process.stderr.write('rnn-gradient-lens: dist/cli.js is missing; run `npm run build` in the package folder first\n');
  process.exitCode = 2;
} else {
  require(bundle);
}
