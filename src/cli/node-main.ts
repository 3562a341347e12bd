/** Process entry: the bin script imports this. */
import { nodeHost } from './host.js';
import { runCli } from './main.js';

process.exitCode = runCli(process.argv.slice(2), nodeHost);
