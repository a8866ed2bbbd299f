import type { NextRequest } from 'next/server';
import { SignInDocument } from '@/graphql/session';
import { startSession } from '@/lib/session/start-session';

export async function POST(request: NextRequest) {
  return startSession(request, async (body, run) => {
    const { signIn } = await run(SignInDocument, { email: String(body.email ?? ''), password: String(body.password ?? '') });
    return signIn.token;
  });
}
