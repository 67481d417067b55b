#!/usr/bin/env node
// npm run changeset -- <command>: the changesets CLI started through its module entry.
// Its own bin.js calls module.enableCompileCache(), which Node 20 lacks, and crashes there;
// the CLI itself runs on Node 20. It reads its arguments from process.argv as the bin does.
await import('@changesets/cli');
