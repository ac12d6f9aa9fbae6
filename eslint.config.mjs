// Flat config covering host, core, CLI, webview, tests and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', '.e2e/**', 'out/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      // Long strings, URLs and regular expressions are left whole; code is wrapped.
      'max-len': ['error', { code: 180, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['bin/**/*.js', 'test/extension/debugpyAdapter/*.js', 'test/fixtures/debug/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The numeric core runs in the CLI, workers and tests: it must never depend on the editor.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core is editor-free: pass data in, do not import vscode.' }],
        patterns: [
          { group: ['**/extension/**', '**/cli/**', '**/webview/**'], message: 'src/core must not depend on its consumers.' },
          { group: ['**/node/**'], message: 'src/node holds the Node-only byte sources; the core takes a ByteSource instead.' },
        ],
      }],
    },
  },
  {
    // The editor's pure side (tested without VS Code) and the worker thread (which has no editor API).
    // Import cycles are checked by test/unit/imports.test.ts (type-only imports included).
    files: ['src/extension/pure/**/*.ts', 'src/extension/worker/**/*.ts', 'src/extension/commandIds.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })] },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'Pure modules and the worker are editor-free: pass data in, do not import vscode.' }],
      }],
      'import-x/no-restricted-paths': ['error', {
        zones: [
          { target: './src/extension/pure', from: './src/extension', except: ['./pure'], message: 'Pure modules import only pure modules and src/core.' },
          { target: './src/extension/worker', from: './src/extension', except: ['./pure', './worker'], message: 'The worker imports only pure modules and src/core.' },
          { target: './src/extension/commandIds.ts', from: './src/extension', except: ['./commandIds.ts'] },
          { target: ['./src/extension/pure', './src/extension/worker'], from: ['./webview', './src/cli'] },
        ],
      }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser.' }],
        patterns: [{ group: ['**/node/**', 'node:*'], message: 'The webview runs in a browser: no Node modules.' }],
      }],
    },
  },
);
