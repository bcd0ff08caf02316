#!/usr/bin/env node
// `npm start`: the local Port sandbox on :7010, the demo Backstage backend on :7007 (which
// pushes the example catalog into the sandbox) and the demo Backstage app on :3000 (built once,
// see demoApp.js). Ctrl-C stops all. The ports can be moved with PORTSYNC_SANDBOX_PORT,
// PORTSYNC_BACKEND_PORT and PORTSYNC_APP_PORT (the browser test uses free ones), the sandbox's
// data directory with PORTSYNC_SANDBOX_DATA_DIR.
const { spawn } = require('child_process');
const path = require('path');
const { buildApp, createAppServer } = require('./demoApp');

const root = path.resolve(__dirname, '..');
const sandboxPort = Number(process.env.PORTSYNC_SANDBOX_PORT || 7010);
const backendPort = Number(process.env.PORTSYNC_BACKEND_PORT || 7007);
const appPort = Number(process.env.PORTSYNC_APP_PORT || 3000);
const sandboxUrl = `http://localhost:${sandboxPort}`;
const backendUrl = `http://localhost:${backendPort}`;
const appUrl = `http://localhost:${appPort}`;

const children = [];
let appServer;

function start(name, command, args, cwd, env) {
  const child = spawn(command, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ...env },
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
  appServer?.close();
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
    String(sandboxPort),
    '--data-dir',
    process.env.PORTSYNC_SANDBOX_DATA_DIR || path.join(root, '.portsync-data'),
  ],
  root,
);
// Backstage reads APP_CONFIG_* variables over app-config.yaml.
start(
  'backend',
  process.execPath,
  [require.resolve('@backstage/cli/bin/backstage-cli'), 'package', 'start'],
  path.join(root, 'packages/backend'),
  {
    APP_CONFIG_backend_baseUrl: backendUrl,
    APP_CONFIG_backend_listen_port: String(backendPort),
    APP_CONFIG_backend_cors_origin: appUrl,
    APP_CONFIG_app_baseUrl: appUrl,
    APP_CONFIG_port_baseUrl: sandboxUrl,
    APP_CONFIG_port_appUrl: sandboxUrl,
  },
);

buildApp().then(
  () => {
    if (stopping) return;
    appServer = createAppServer({
      app: { baseUrl: appUrl },
      backend: { baseUrl: backendUrl },
    });
    appServer.listen(appPort, () =>
      console.log(`[app] the demo Backstage app: ${appUrl}`),
    );
  },
  error => {
    console.error(`[app] ${error.message}`);
    stopAll(1);
  },
);
