#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles them on load, so there is no build step.
require('tsx/cjs');
// Tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set) patches http, ioredis and the AWS SDK as they
// load: it starts before any of the bot's modules.
const tracing = require('../src/adapters/tracing/tracing.ts').startTracing(process.env);
require('../app/cli.ts').main(process.argv.slice(2), process.env, tracing);
