/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // @kubernetes/client-node and its dependencies are ESM-only: let swc compile them for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@kubernetes/client-node|openid-client|oauth4webapi|jose)/)'],
  testTimeout: 30000,
  // Most suites wait on simulated time, processes and sockets more than on CPU: a third worker overlaps them.
  maxWorkers: 3,
};
