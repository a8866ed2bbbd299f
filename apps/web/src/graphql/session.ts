import { graphql } from '@/generated';

export const SignUpDocument = graphql(`
  mutation SignUp($email: String!, $password: String!, $name: String) {
    signUp(email: $email, password: $password, name: $name) { token user { id } }
  }
`);

export const SignInDocument = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) { token user { id } }
  }
`);

export const SignOutDocument = graphql(`
  mutation SignOut { signOut }
`);

export const MeDocument = graphql(`
  query Me {
    me { id email name teams { id name myRole } }
  }
`);
