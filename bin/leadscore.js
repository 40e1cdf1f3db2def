#!/usr/bin/env node
// The package ships TypeScript sources and runs them through tsx, so there is no build step
// that a fresh clone could miss and no compiled copy that could drift from the sources.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../pipelines/cli/main.ts');
process.exitCode = await main(process.argv);
