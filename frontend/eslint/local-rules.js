// The project's own ESLint rules: the feature boundary and the typed API calls (docs/decisions/0098).
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

/** The feature a file belongs to (src/features/<name>/…), or null outside the features. */
function featureOf(file) {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel[0] === 'features' && rel.length > 2 ? rel[1] : null;
}

/** Where an import specifier points inside src, for the `@/` alias and relative paths; null for packages. */
function resolveSpecifier(spec, importer) {
  if (spec.startsWith('@/')) return path.join(SRC, spec.slice(2));
  if (spec.startsWith('./') || spec.startsWith('../')) return path.resolve(path.dirname(importer), spec);
  return null;
}

const featureBoundary = {
  meta: {
    type: 'problem',
    docs: { description: 'A feature imports nothing of another feature, whether through `@/features/…` or a relative path.' },
    messages: {
      cross:
        'Features do not import each other: {{from}} imports {{to}} ("{{spec}}"). Move what both need to components/ or lib/, or compose them in a route.',
    },
    schema: [],
  },
  create(context) {
    const own = featureOf(context.filename);
    if (!own) return {};
    const check = (source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = resolveSpecifier(source.value, context.filename);
      const theirs = target && featureOf(target);
      if (theirs && theirs !== own)
        context.report({ node: source, messageId: 'cross', data: { from: own, to: theirs, spec: source.value } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => (node.source.type === 'Literal' ? check(node.source) : undefined),
    };
  },
};

const TYPED_CLIENTS = new Set(['gateway', 'matching', 'workflow']);

/** True for the path argument of `gateway.GET('/api/…')`: checked by the generated types, so allowed. */
function isTypedClientPath(node) {
  const call = node.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== node) return false;
  const callee = call.callee;
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && TYPED_CLIENTS.has(callee.object.name);
}

const API_PREFIX = /^\/api\//;

const typedApiCalls = {
  meta: {
    type: 'problem',
    docs: { description: 'API paths are written only as the path argument of a generated typed client (gateway/matching/workflow).' },
    messages: {
      stringUrl:
        'An API path as a string ("{{url}}"): call the endpoint through the typed clients of @/api/clients (gateway/matching/workflow.GET/POST/…), so its path, parameters and answer are checked against the OpenAPI spec.',
    },
    schema: [],
  },
  create(context) {
    const report = (node, url) => context.report({ node, messageId: 'stringUrl', data: { url } });
    return {
      Literal(node) {
        if (typeof node.value === 'string' && API_PREFIX.test(node.value) && !isTypedClientPath(node)) report(node, node.value);
      },
      TemplateLiteral(node) {
        const head = node.quasis[0]?.value.cooked ?? '';
        if (API_PREFIX.test(head) && !isTypedClientPath(node)) report(node, `${head}…`);
      },
    };
  },
};

export default { meta: { name: 'shigu' }, rules: { 'feature-boundary': featureBoundary, 'typed-api-calls': typedApiCalls } };
