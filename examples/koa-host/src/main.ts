// Starts the host's app on PORT (3001 by default) over an SQLite file of the host's.
import knex from 'knex';
import { createHostApp } from './create-host-app.js';

const database = knex({
  client: 'better-sqlite3',
  connection: { filename: process.env['HOST_DATABASE'] ?? 'acme-crm.sqlite' },
  useNullAsDefault: true,
  pool: {
    min: 1,
    max: 1,
    // outbound relies on the database to refuse removing a list a campaign uses.
    afterCreate: (connection: { pragma(source: string): unknown }, done: (error: Error | null) => void) => {
      connection.pragma('foreign_keys = ON');
      done(null);
    },
  },
});
const port = Number(process.env['PORT'] ?? 3001);
const app = await createHostApp(database);
app.listen(port, () => console.log(`acme-crm listening on http://localhost:${port}, outbound under /outbound`));
