// Lint for the PWA: the recommended JavaScript and TypeScript rules, and React's recommended hook rules
// (hooks called unconditionally, effects naming what they read, no refs read or state set during render,
// no state set synchronously in an effect). Run by scripts/test: `npm run lint`.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'dev-dist/', 'src/api/generated/', 'node_modules/'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.serviceworker } },
    rules: {
      // An unused parameter named with a leading underscore is one a signature requires.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    // The browser tests pass functions that run in the page and in its service worker.
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.serviceworker } },
  },
)
