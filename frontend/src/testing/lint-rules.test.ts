// The project's own ESLint rules, run through ESLint's Node API with the real eslint.config.js on planted
// files: each violation is an error naming the rule, and the same code written the allowed way passes.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string) {
  const results = await eslint.lintText(code, { filePath: path.join(root, file) });
  return results.flatMap((r) => r.messages).map((m) => ({ rule: m.ruleId, severity: m.severity, message: m.message }));
}

const ruleHits = (messages: Awaited<ReturnType<typeof lint>>, rule: string) => messages.filter((m) => m.rule === rule && m.severity === 2);

describe('feature boundary', () => {
  it('refuses a feature importing another feature through the @/ alias', async () => {
    const messages = await lint(
      'src/features/awards/components/planted.tsx',
      "import { useTransitions } from '@/features/challenges/api/get-history';\nexport const x = useTransitions;\n",
    );
    const hits = ruleHits(messages, 'shigu/feature-boundary');
    expect(hits).toHaveLength(1);
    expect(hits[0]?.message).toContain('awards imports challenges');
  });

  it('refuses the same import written as a relative path, and a re-export', async () => {
    const messages = await lint(
      'src/features/awards/components/planted.tsx',
      "import { usePublicity } from '../../challenges/api/get-history';\nexport { ChallengeList } from '@/features/challenges/components/challenge-list';\nexport const x = usePublicity;\n",
    );
    expect(ruleHits(messages, 'shigu/feature-boundary')).toHaveLength(2);
  });

  it('lets a feature import itself, the shared layers, and a route compose features', async () => {
    const own = await lint(
      'src/features/awards/components/planted.tsx',
      "import { rankingQueryOptions } from '@/features/awards/api/review-console';\nimport { Ranking } from './ranking';\nimport { useTransitions } from '@/lib/transitions';\nimport { ProblemAlert } from '@/components/ui/problem-alert';\nexport const x = [rankingQueryOptions, Ranking, useTransitions, ProblemAlert];\n",
    );
    expect(own).toEqual([]);
    const route = await lint(
      'src/app/routes/planted.tsx',
      "import { useChallenges } from '@/features/challenges/api/get-challenges';\nimport { Ranking } from '@/features/awards/components/ranking';\nexport const x = [useChallenges, Ranking];\n",
    );
    expect(route).toEqual([]);
  });
});

describe('typed API calls', () => {
  it('refuses an API path as a string or template literal outside the typed clients', async () => {
    const messages = await lint(
      'src/features/demands/api/planted.ts',
      [
        "import { authFetch } from '@/lib/api-client';",
        'export const one = (id: string) => authFetch(`/api/matching/demands/${id}`);',
        "export const two = () => fetch('/api/workflow/challenges');",
        "export const BASE = '/api/workflow/calendar';",
        '',
      ].join('\n'),
    );
    expect(ruleHits(messages, 'shigu/typed-api-calls')).toHaveLength(3);
  });

  it('refuses the untyped request helpers', async () => {
    const messages = await lint(
      'src/features/demands/api/planted.ts',
      "import { request } from '@/lib/api-client';\nexport const x = request;\n",
    );
    expect(ruleHits(messages, 'no-restricted-imports').length).toBeGreaterThan(0);
  });

  it('accepts the call through a typed client', async () => {
    const messages = await lint(
      'src/features/demands/api/planted.ts',
      [
        "import { gateway, matching, unwrap } from '@/api/clients';",
        "export const me = async () => unwrap(await gateway.GET('/api/auth/me'));",
        "export const demand = async (id: string) => unwrap(await matching.GET('/demands/{demand_id}', { params: { path: { demand_id: id } } }));",
        '',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });
});
