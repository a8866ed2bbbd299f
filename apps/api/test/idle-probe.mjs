// Preloaded (`node --import`) into a real `transferlab-api serve` by idle-server.test.ts: on
// SIGUSR2 it prints one line saying what the process holds. TensorFlow.js registers its engine on
// the global object when it loads (per thread, so the prediction threads' copies do not show);
// ONNX Runtime's native library shows in the process's memory map whichever thread loaded it.
import { readFileSync } from 'node:fs';
import process from 'node:process';

process.on('SIGUSR2', () => {
  const status = readFileSync('/proc/self/status', 'utf8');
  const field = (name) => Number(status.match(new RegExp(`^${name}:\\s*(\\d+)`, 'm'))?.[1]);
  const probe = {
    tfjs: '_tfengine' in globalThis,
    onnxRuntime: /onnxruntime/.test(readFileSync('/proc/self/maps', 'utf8')),
    threads: field('Threads'),
    rssMb: Math.round(field('VmRSS') / 1024),
  };
  process.stderr.write(`idle-probe ${JSON.stringify(probe)}\n`);
});
