#!/usr/bin/env node
// The `chartside` command. Node 20 runs no TypeScript by itself, so tsx compiles the CLI as it loads.
import { register } from 'tsx/esm/api';

register();
const { runCli, createNodeCliIo } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2), createNodeCliIo());
