#!/usr/bin/env node
// The command itself is compiled into dist/ (`tsc -b`, which npm install runs in the repository); this
// file exists before that, so npm can link and mark it as the `outbound` executable at install time.
import '../dist/src/outbound.js';
