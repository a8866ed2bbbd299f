// The stand-in worker (predict-crash-worker.ts), ready only after 600 ms: a real worker loading
// TensorFlow.js and ONNX Runtime on a busy machine. Jobs sent meanwhile wait in the thread's port.
await new Promise((resolve) => setTimeout(resolve, 600));
await import('./predict-crash-worker');
