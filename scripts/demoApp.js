// The demo's Backstage app (packages/app): built once into packages/app/dist (again only when
// its sources or the Port plugin's change), then served as static files. A production build
// served statically is what comes up fastest on a small machine: no dev server compiles on every
// start. The backend's address is injected into index.html at serve time (the
// `backstage.io/config` script tag Backstage's config loader reads), so one build works with
// any ports.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const root = path.resolve(__dirname, '..');
const appDir = path.join(root, 'packages/app');
const distDir = path.join(appDir, 'dist');
// Everything the bundle is built from, besides node_modules.
const sourceDirs = [
  path.join(appDir, 'src'),
  path.join(appDir, 'public'),
  path.join(root, 'plugins/port/src'),
  path.join(root, 'plugins/port-common/src'),
];

// Tests are not in the bundle: editing one does not call for a build.
const notBundled = /\.test\.tsx?$|^setupTests\.ts$|^__testUtils__$/;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (notBundled.test(entry.name)) continue;
    const file = path.join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestMtime(file) : fs.statSync(file).mtimeMs,
    );
  }
  return newest;
}

function isBuilt() {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return false;
  const built = fs.statSync(index).mtimeMs;
  return sourceDirs.every(dir => newestMtime(dir) <= built);
}

/** Builds the app unless dist is newer than its sources; resolves when done. */
function buildApp(log = console.log) {
  if (isBuilt()) return Promise.resolve();
  log('[app] building the demo app (once; 2-5 minutes on a small machine)...');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [require.resolve('@backstage/cli/bin/backstage-cli'), 'package', 'build'],
      { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    child.on('exit', code => {
      if (code === 0) resolve();
      else reject(new Error(`The app build failed (${code}):\n${output}`));
    });
  });
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built app; any path that is not a file gets index.html (the app routes in the
 * browser), with `config` (app-config data) injected for the frontend.
 */
function createAppServer(config) {
  const index = fs
    .readFileSync(path.join(distDir, 'index.html'), 'utf8')
    .replace(
      '</head>',
      `<script type="backstage.io/config">${JSON.stringify([
        { context: 'demo', data: config },
      ]).replace(/</g, '\\u003c')}</script></head>`,
    );
  return http.createServer((req, res) => {
    const pathname = decodeURIComponent(
      new URL(req.url, 'http://localhost').pathname,
    );
    const file = path.join(distDir, path.normalize(pathname));
    if (
      file.startsWith(distDir + path.sep) &&
      fs.existsSync(file) &&
      fs.statSync(file).isFile() &&
      !file.endsWith('index.html')
    ) {
      res.writeHead(200, {
        'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': pathname.startsWith('/static/')
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      });
      fs.createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(200, {
      'Content-Type': types['.html'],
      'Cache-Control': 'no-cache',
    });
    res.end(index);
  });
}

module.exports = { buildApp, createAppServer };
