import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The core (server/src/core) runs unchanged in Node and in a browser web worker: files, package
 * data and icon sets reach it through the injected workspace or a loader, never through an import
 * of a platform, an editor API or an LSP connection.
 */
const notInTheCore = {
  paths: [
    ...builtinModules.map((name) => ({ name, message: 'The core runs in a web worker too: reach files and threads through the injected GlossaryWorkspace or EntryAnalyzer.' })),
    { name: 'vscode', message: 'The core knows no editor: the client (client/src) talks to VS Code.' },
    { name: 'vscode-languageserver', message: 'The core knows no connection: session.ts is the LSP glue. Types come from vscode-languageserver-types.' },
    { name: 'fast-glob', message: 'fast-glob reads the disk: listing files is GlossaryWorkspace.findFiles.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'The core runs in a web worker too: reach files and threads through the injected GlossaryWorkspace or EntryAnalyzer.' },
    { group: ['vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'], message: 'The core knows no connection: session.ts is the LSP glue.' },
  ],
};

/** Globals of Node alone (the type check of the core knows none of them; this names the way out). */
const nodeGlobalsNotInTheCore = ['process', 'Buffer', '__dirname', '__filename', 'require', 'module', 'global', 'setImmediate'].map((name) => ({
  name,
  message: 'The core runs in a web worker too: see scheduling.ts for yielding, workspace.ts for files.',
}));

export default defineConfig(
  // Build output, installed hosts, generated glossaries and scratch files are not the project's code.
  globalIgnores(['dist/', 'out/', 'node_modules/', '.vscode-test/', '.bench/', '.scratch/', 'test/e2e/out/', '**/*.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      // A leading underscore names what is there to be left out (`{ data: _data, ...rest }`), as
      // TypeScript's noUnusedParameters reads it.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Control characters are what titles, slugs and labels are checked for, on purpose.
      'no-control-regex': 'off',
      // `catch {}` is how the runners say a process already gone is no failure.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', notInTheCore],
      'no-restricted-globals': ['error', ...nodeGlobalsNotInTheCore],
    },
  },
);
