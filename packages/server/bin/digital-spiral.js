#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx: no build step between a clone and `npm start`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/program.ts');
const { processIo } = await import('../src/cli/cli-io.ts');
process.exitCode = await runCli(process.argv.slice(2), process.env, processIo);
