import { compile } from '../src/compile';
for (const p of process.argv.slice(2)) {
  try {
    compile(p);
    console.log('OK  ', p);
  } catch (e) {
    console.log('ERR ', p, (e as Error).message.split('\n')[0]);
  }
}
