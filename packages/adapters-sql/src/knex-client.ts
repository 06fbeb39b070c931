import type { Knex } from 'knex';

/** knex types an instance's client as `any`; this is the client it is. */
function clientOf(knex: Knex): Knex.Client {
  return knex.client as Knex.Client;
}

/** Which database a knex instance (or a transaction of one) speaks to, by the driver it was given. */
export function driverOf(knex: Knex): 'better-sqlite3' | 'mysql2' | 'other' {
  const { client } = clientOf(knex).config;
  return client === 'better-sqlite3' || client === 'mysql2' ? client : 'other';
}

/** Lends a connection of the pool to `use`, as the driver's own object, and gives it back after. */
export async function withDriverConnection<Connection, T>(
  knex: Knex,
  use: (connection: Connection) => Promise<T>,
): Promise<T> {
  const client = clientOf(knex);
  const connection = (await client.acquireConnection()) as Connection;
  try {
    return await use(connection);
  } finally {
    await client.releaseConnection(connection);
  }
}
