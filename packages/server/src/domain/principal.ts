/** Who is calling: a user, authenticated by an API token or a dashboard session. */
export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly isAdmin: boolean;
  readonly via: 'token' | 'session';
}
