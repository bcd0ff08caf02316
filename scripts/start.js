#!/usr/bin/env node
// `npm start`: the local Port sandbox on :7010 and the demo Backstage backend
// on :7007 (which pushes the example catalog into the sandbox). Ctrl-C stops both.
const { spawn } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const children = [];

function start(name, command, args, cwd) {
  const child = spawn(command, args, {
    cwd,
    stdio: 'inherit',
    env: process.env,
  });
  children.push(child);
  child.on('exit', code => {
    console.log(`[start] ${name} exited with code ${code}`);
    stopAll(code ?? 1);
  });
  return child;
}

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children)
    if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

start(
  'port-sandbox',
  process.execPath,
  [
    path.join(root, 'packages/port-sandbox/bin/portsync-sandbox'),
    '--port',
    '7010',
    '--data-dir',
    path.join(root, '.portsync-data'),
  ],
  root,
);
start(
  'backend',
  process.execPath,
  [require.resolve('@backstage/cli/bin/backstage-cli'), 'package', 'start'],
  path.join(root, 'packages/backend'),
);
