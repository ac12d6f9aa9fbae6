// Flat config covering host, core, CLI, webview, tests and scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
