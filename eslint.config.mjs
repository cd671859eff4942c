// Lint: typed rules that catch what the compiler does not (floating promises),
// and the layers of docs/architecture.md: src/core is pure (no vscode, no node
// layer), src/node is node-only (no vscode, no adapter), and the two adapters,
// src/cli and src/extension, never reach into each other. The unit tier stays
// in one process: a test that starts processes belongs in test/processes
// (docs/architecture.md, "Tests").
import tseslint from 'typescript-eslint';

const NO_VSCODE = { name: 'vscode', message: 'Only src/extension may import vscode.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.cache/**', 'test/fixtures/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts', 'media/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [NO_VSCODE],
          patterns: [{ group: ['**/node/*', '**/cli/*', '**/extension/*'], message: 'src/core and the webview stand alone: no node layer, no adapter.' }],
        },
      ],
    },
  },
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [NO_VSCODE], patterns: [{ group: ['**/cli/*', '**/extension/*'], message: 'src/node serves both adapters; it imports neither.' }] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [NO_VSCODE], patterns: [{ group: ['**/extension/*'], message: 'The CLI does not reach into the extension: share through src/core or src/node.' }] },
      ],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/cli/*'], message: 'The extension does not reach into the CLI: share through src/core or src/node.' }] },
      ],
    },
  },
  {
    files: ['test/unit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:child_process', 'child_process'].map((name) => ({
            name,
            message: 'A test that starts processes goes in test/processes, its own tier.',
          })),
          patterns: [{ group: ['**/processes/*'], message: 'The unit tier does not use the processes tier\'s helpers.' }],
        },
      ],
    },
  },
);
