/** Import rules that keep the structure honest (see README, Architecture). */

// jobs/ folders in layers, lowest first: each imports only folders listed before it, so no two
// folders import each other. A new folder takes its place in this list.
const JOB_LAYERS = [
  'changes',
  'alerts',
  'cluster',
  'clusters',
  'nodes',
  'profiles',
  'pools',
  'hosts',
  'diagnostics',
  'cni',
  'rollouts',
  'monitoring',
  'fleets',
];

const jobLayerRules = JOB_LAYERS.slice(0, -1).map((folder, i) => ({
  name: `jobs-${folder}-imports-only-lower-folders`,
  comment: `jobs/${folder} sits below ${JOB_LAYERS.slice(i + 1).join(', ')} (JOB_LAYERS): import the other way.`,
  severity: 'error',
  from: { path: `^jobs/${folder}/` },
  to: { path: `^jobs/(${JOB_LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'the-root-is-on-top',
      comment:
        'app/ (the composition root) builds everything; only bin, scripts, benchmarks and tests start it.',
      severity: 'error',
      from: { pathNot: '^(app|bin|scripts|bench|test)/' },
      to: { path: '^app/' },
    },
    {
      name: 'src-is-below-handlers-and-jobs',
      comment: 'src holds what handlers and jobs share (domain, blocks, adapters, ports); it uses neither.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(handlers|jobs|app)/' },
    },
    ...jobLayerRules,
    {
      name: 'jobs-folders-are-layered',
      comment: 'Every jobs/ folder has its place in JOB_LAYERS.',
      severity: 'error',
      from: { path: '^jobs/[^/]+/', pathNot: `^jobs/(${JOB_LAYERS.join('|')})/` },
      to: { path: '^jobs/[^/]+/' },
    },
    {
      name: 'benchmarks-use-the-test-harness-only',
      comment: 'bench/ and test/support share test/support; suites are not libraries.',
      severity: 'error',
      from: { path: '^(bench|test/support)/' },
      to: { path: '^test/(e2e|crash|integration|unit)/' },
    },
    {
      name: 'domain-and-blocks-are-pure',
      comment: 'src/domain and src/blocks hold pure logic: no SDKs, adapters, handlers, jobs or Node I/O.',
      severity: 'error',
      from: { path: '^src/(domain|blocks)/' },
      to: {
        path: [
          '^src/adapters/',
          '^handlers/',
          '^jobs/',
          '^sim/',
          '@slack/',
          '@aws-sdk/',
          '@kubernetes/',
          'bullmq',
          'ioredis',
          'pino',
        ],
      },
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      from: { path: '^src/(domain|blocks)/' },
      to: { dependencyTypes: ['core'], pathNot: '^(crypto|node:crypto|util|node:util)$' },
    },
    {
      name: 'sim-is-a-separate-system',
      comment: 'The simulator stands in for AWS, Kubernetes and Slack, which know nothing of the bot.',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: '^(src|handlers|jobs|test|bench)/' },
    },
    {
      name: 'bot-does-not-import-sim',
      severity: 'error',
      from: { path: '^(src|handlers|jobs)/' },
      to: { path: '^(sim|test|bench)/' },
    },
    {
      name: 'handlers-do-not-call-aws-or-kubernetes',
      comment: 'Handlers parse, authorize, enqueue and ack; jobs do the work.',
      severity: 'error',
      from: { path: '^handlers/' },
      to: { path: ['^jobs/', '^src/adapters/(aws|kube)/', '@aws-sdk/', '@kubernetes/'] },
    },
    {
      name: 'jobs-do-not-parse-slack',
      severity: 'error',
      from: { path: '^jobs/' },
      to: { path: ['^handlers/', '@slack/bolt'] },
    },
    {
      name: 'adapters-stay-apart',
      comment: 'src (but adapters and the composition root) reach SDKs only through ports.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/adapters/' },
      to: { path: ['@aws-sdk/', '@kubernetes/', '@slack/bolt', '@slack/web-api'] },
    },
    {
      name: 'features-use-the-change-engine-api',
      comment:
        "A feature starts change jobs through jobs/changes/engine.ts and plugs in through change-feature.ts; the processors are the engine's own.",
      severity: 'error',
      from: { path: '^(src|handlers|jobs)/', pathNot: ['^jobs/changes/', '^jobs/background\\.ts$'] },
      to: {
        path: '^jobs/changes/(change-processors|change-actions|change-advance|change-approval|change-step-run|step-failure|feature-of-change|change-report)\\.ts$',
      },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: 'node_modules' },
  },
};
