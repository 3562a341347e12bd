#!/usr/bin/env node
import '../dist/cli/node-main.js';
