import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import shigu from './eslint/local-rules.js';

export default tseslint.config(
  { ignores: ['dist', 'src/api/generated', 'test-results', 'playwright-report', 'eslint/fixtures'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, shigu },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Features never import each other, through `@/features/…` or a relative path (docs/decisions/0098).
      'shigu/feature-boundary': 'error',
    },
  },
  {
    // Every API call goes through the generated typed clients of src/api (docs/decisions/0098). The
    // transport below them (lib/api-client: bearer token, refresh) and the unit tests' fake servers are
    // the only other places an API path may be written.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/api/**', 'src/lib/api-client.ts', 'src/**/*.test.{ts,tsx}', 'src/testing/**'],
    rules: {
      'shigu/typed-api-calls': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@/lib/api-client',
              importNames: ['request', 'requestWithEtag', 'buildQuery', 'RequestOptions'],
              message: 'Call the endpoint through the typed clients of @/api/clients instead.',
            },
          ],
          patterns: [
            {
              group: ['**/lib/api-client'],
              importNames: ['request', 'requestWithEtag', 'buildQuery', 'RequestOptions'],
              message: 'Call the endpoint through the typed clients of @/api/clients instead.',
            },
          ],
        },
      ],
    },
  },
);
