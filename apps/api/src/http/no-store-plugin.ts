import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Every GraphQL response says `cache-control: no-store`, as Apollo's cache-control plugin did for
 * this schema (it declares no cache hints, so nothing was ever cacheable). That plugin is disabled
 * because it wraps every field's resolver to compute hints: on a run's 1,000 epoch rows that was
 * about a third of the execution time.
 */
export const noStorePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};
