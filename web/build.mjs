// Builds the explorer page into dist/: the bundle (dist/assets/app.js), the
// stylesheet and index.html. Everything comes from node_modules: the page loads
// nothing from the internet. `node build.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dist = 'dist';
const watch = process.argv.includes('--watch');

// Empty dist/ but keep the committed placeholder.
mkdirSync(dist, { recursive: true });
for (const name of readdirSync(dist)) {
  if (name !== '.gitkeep') rmSync(join(dist, name), { recursive: true, force: true });
}
mkdirSync(join(dist, 'assets'), { recursive: true });

const options = {
  entryPoints: { app: 'src/main.js', style: 'src/style.css' },
  bundle: true,
  minify: !watch,
  sourcemap: watch,
  target: ['es2020'],
  format: 'iife',
  outdir: join(dist, 'assets'),
  legalComments: 'linked',
  logLevel: 'info',
};

copyFileSync('index.html', join(dist, 'index.html'));
if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
  for (const name of readdirSync(join(dist, 'assets'))) {
    const size = statSync(join(dist, 'assets', name)).size;
    console.log(`  ${join(dist, 'assets', name)}  ${(size / 1024).toFixed(0)} KiB`);
  }
}
