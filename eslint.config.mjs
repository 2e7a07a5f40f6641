// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

// Dependency rules between the top-level folders, checked on every import and `export … from`:
//   domain/     pure: zod and @temporalio/common only; no Node built-ins, no I/O package, no other folder
//   workflows/  domain, @temporalio/workflow and @temporalio/common; anything else as types only
//               (activities through proxyActivities); never client/, config/, worker/, scripts/
//   client/     workflows' messages, types and ids only, never workflow bodies; activities as types only
//   activities/ never client/; workflows as types only
//   config/     never activities/, workflows/, client/, worker/, scripts/
//   documents/  file builders (charts, DOCX) shared by client/ and activities/: domain/ and packages only
// Relative paths are matched by their top-level folder (`../../activities/x`), so a folder named like
// a top-level one inside another would be caught too: name folders apart.

const builtins = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Node built-ins, `fs`, `fs/promises` and `node:fs` alike. */
const nodeBuiltins = (message) => ({
  patterns: [{ regex: `^(node:|(${builtins.map(escape).join('|')})(/|$))`, message }],
});

/** A relative import into one of the given top-level folders (`../x`, `../../x/y`, …). */
const intoFolders = (...folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/** A bare package import (not relative, not a built-in) other than the given ones. */
const packagesExcept = (...allowed) =>
  `^(?!\\.|node:|(${builtins.map(escape).join('|')})(/|$)|(${allowed.map(escape).join('|')})$)`;

const boundary = (...parts) => ({ patterns: parts.flatMap((p) => p.patterns) });

const restrict = (options) => ({ '@typescript-eslint/no-restricted-imports': ['error', options] });

const domainRules = boundary(
  nodeBuiltins('domain/ is pure: no Node built-ins (I/O belongs in activities/).'),
  {
    patterns: [
      {
        regex: packagesExcept('zod', '@temporalio/common'),
        message:
          'domain/ is pure: it may import zod and @temporalio/common only (I/O belongs in activities/).',
      },
      {
        regex: intoFolders(
          'activities',
          'workflows',
          'client',
          'config',
          'worker',
          'scripts',
          'prisma',
          'bench',
          'test',
        ),
        message: 'domain/ imports nothing outside domain/: the other layers depend on it, not the reverse.',
      },
    ],
  },
);

const workflowRules = boundary(nodeBuiltins('Node built-ins are not allowed in the workflow sandbox.'), {
  patterns: [
    {
      regex: packagesExcept('@temporalio/workflow', '@temporalio/common'),
      allowTypeImports: true,
      message:
        'Workflows import values from @temporalio/workflow, @temporalio/common and domain/ only (types are fine).',
    },
    {
      regex: intoFolders('activities'),
      allowTypeImports: true,
      message: 'Workflows import only types from activities/ (call them through proxyActivities).',
    },
    {
      regex: intoFolders('client', 'config', 'worker', 'scripts', 'prisma', 'bench', 'test'),
      message: 'Not deterministic code: workflows import domain/, their own folder and activity types only.',
    },
  ],
});

// Allowed: workflows/<feature>/messages|types|ids. Everything else under workflows/ is a body.
const workflowBodies = `^(\\.\\./)+workflows(/|$)(?![^/]+/(messages|types|ids)$)`;

const clientRules = (bodies = workflowBodies) => ({
  patterns: [
    {
      regex: bodies,
      message: "The client imports workflows' messages, types and ids only, never workflow bodies.",
    },
    {
      regex: intoFolders('activities'),
      allowTypeImports: true,
      message: 'The client imports only types from activities/: sending and storing happen in the worker.',
    },
    {
      regex: intoFolders('worker', 'scripts'),
      message: 'The client does not depend on the worker or scripts.',
    },
  ],
});

const activityRules = boundary({
  patterns: [
    {
      regex: intoFolders('client'),
      message: 'Activities never import client/: the client calls workflows, not the reverse.',
    },
    {
      regex: intoFolders('workflows'),
      allowTypeImports: true,
      message: 'Activities import only types from workflows/ (workflow code runs in the sandbox only).',
    },
    {
      regex: intoFolders('worker', 'scripts'),
      message: 'Activities do not depend on the worker or scripts.',
    },
  ],
});

const configRules = boundary({
  patterns: [
    {
      regex: intoFolders('activities', 'workflows', 'client', 'worker', 'scripts'),
      message:
        'config/ is a leaf: it imports nothing from activities/, workflows/, client/, worker/ or scripts/.',
    },
  ],
});

const documentRules = boundary({
  patterns: [
    {
      regex: intoFolders('activities', 'workflows', 'client', 'config', 'worker', 'scripts', 'prisma'),
      message: 'documents/ builds files from data it is given: it imports domain/ and packages only.',
    },
  ],
});

/** `import()` and `require()` would slip past the import rules. */
const noDynamicImports = [
  'error',
  {
    selector: 'ImportExpression',
    message: 'No dynamic import() here: use a static import the rules can check.',
  },
  {
    selector: "CallExpression[callee.name='require']",
    message: 'No require() here: use a static import the rules can check.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.tools/**', 'prisma/generated/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: { ...restrict(domainRules), 'no-restricted-syntax': noDynamicImports },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: { ...restrict(workflowRules), 'no-restricted-syntax': noDynamicImports },
  },
  { files: ['client/**/*.ts'], rules: restrict(clientRules()) },
  { files: ['activities/**/*.ts'], rules: restrict(activityRules) },
  { files: ['config/**/*.ts'], rules: restrict(configRules) },
  { files: ['documents/**/*.ts'], rules: restrict(documentRules) },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
