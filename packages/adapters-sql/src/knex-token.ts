/** The knex instance the SQL adapters work through; the composition root owns and destroys it. */
export const KnexToken: unique symbol = Symbol.for('@outbound/adapters-sql/Knex');
