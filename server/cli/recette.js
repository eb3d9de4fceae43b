#!/usr/bin/env node
// The `recette` command. The CLI is TypeScript sharing src/lib with the web app; tsx runs it without a
// build step so `npm run -s recette -- …` works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./main.ts');
process.exitCode = await run(process.argv.slice(2));
