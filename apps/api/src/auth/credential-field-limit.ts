import { GraphQLError, type ValidationRule } from 'graphql';

/** signIn/signUp fields one document may hold: a request signs in once. */
export const MAX_CREDENTIAL_FIELDS = 1;
const CREDENTIAL_FIELDS = new Set(['signIn', 'signUp']);

/**
 * Refuses documents with more signIn/signUp fields than MAX_CREDENTIAL_FIELDS, before anything
 * runs: with aliases, one request could otherwise try hundreds of passwords and queue as many
 * scrypt hashes. Fields inside fragments count where the fragment is defined.
 */
export const credentialFieldLimit: ValidationRule = (context) => {
  let count = 0;
  return {
    Field(node) {
      if (CREDENTIAL_FIELDS.has(node.name.value) && context.getParentType() === context.getSchema().getMutationType()) count += 1;
    },
    Document: {
      leave(node) {
        if (count <= MAX_CREDENTIAL_FIELDS) return;
        context.reportError(
          new GraphQLError(`This document asks for ${count} signIn/signUp fields; the limit is ${MAX_CREDENTIAL_FIELDS} per request. Send one sign-in at a time.`, {
            nodes: [node],
            extensions: { limit: MAX_CREDENTIAL_FIELDS },
          }),
        );
      },
    },
  };
};
