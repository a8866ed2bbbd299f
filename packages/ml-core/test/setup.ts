import { selectBackend } from '../src/backend/select-backend';

// Tests run on the backend the product would pick here (WASM on a CPU-only machine), not on
// whatever TensorFlow.js defaults to.
await selectBackend({ prefer: 'auto' });
