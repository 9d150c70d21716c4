/** Import rules that keep the structure honest (see README, Architecture). */
module.exports = {
  forbidden: [
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
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: 'node_modules' },
  },
};
