import type { NextRequest } from 'next/server';
import { SignUpDocument } from '@/graphql/session';
import { startSession } from '@/lib/session/start-session';

export async function POST(request: NextRequest) {
  return startSession(request, async (body, run) => {
    const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim() : null;
    const { signUp } = await run(SignUpDocument, { email: String(body.email ?? ''), password: String(body.password ?? ''), name });
    return signUp.token;
  });
}
