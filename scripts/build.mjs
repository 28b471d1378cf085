#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from './lib/build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!build(root)) console.log('Build is up to date.');
