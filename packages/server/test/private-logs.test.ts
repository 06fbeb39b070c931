import { createHttpApp, serveHttpApp, type ServingHttpApp } from '@outbound/adapters-http';
import { KnexCampaignUploader, KnexContactRepository, connectMysql, connectSqlite } from '@outbound/adapters-sql';
import { describeOnEachDatabase } from '@outbound/adapters-sql/testing';
import { CreateContactAndCampaign, type CampaignUploader, type ContactRepository } from '@outbound/domain';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { PinoLogger } from '../src/index.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const PHONE_DIGITS = '9988776655';
const NAME = 'Zelda Privatename';
const FIELD_VALUE = 'Secretville-42';
const SECRET = 'sekret-key-value-123456';
const PRIVATE_NAME = 'Zebulon Quixote';
const PRIVATE_NUMBER = '919876543210';
/** A call id as the server makes them (UUID version 7), with runs of digits as long as a number's. */
const CALL_ID = '01934567-8901-7234-8567-890123456789';
const PRIVATE_ADDRESS = 'zebulon.quixote@example.com';
/** As a load balancer makes it: random digits, kept whole. */
const BALANCER_ID = '550e8400-e29b-41d4-a716-446655440000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function rowsOf(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    phone_number: `+91 ${Number(PHONE_DIGITS) + index}`,
    name: `${NAME} ${index}`,
    city: `${FIELD_VALUE} ${index}`,
    nested: { note: FIELD_VALUE },
  }));
}

/** An error shaped as drivers make them: the statement's values in its message, its own properties and its cause. */
function aDriverErrorQuoting(): Error {
  return Object.assign(new Error(`Duplicate entry '+91${PHONE_DIGITS}' for key 'contacts.phone' near "${NAME}"`), {
    code: 'ER_DUP_ENTRY',
    errno: 1062,
    sqlState: '23000',
    sql: `insert into contacts values ('+91${PHONE_DIGITS}', '${NAME}', '{"city":"${FIELD_VALUE}"}')`,
    values: [`+91${PHONE_DIGITS}`, NAME, FIELD_VALUE],
    cause: new Error(`while writing "${NAME}" with key '${SECRET}', number +${PHONE_DIGITS}`),
  });
}

/** The port, failing every write of a list or campaign whose name holds `failWhen`. */
function failingOn<Port extends ContactRepository | CampaignUploader>(port: Port, failWhen: string): Port {
  return new Proxy(port, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if ((key !== 'create' && key !== 'upload') || typeof member !== 'function') return member;
      return async (draft: { name: string }) => {
        if (draft.name.includes(failWhen)) throw aDriverErrorQuoting();
        return Reflect.apply(member, target, [draft]) as unknown;
      };
    },
  });
}

describeOnEachDatabase(
  (label) => `what the logs keep of a request, on ${label}`,
  (database, label) => {
    let knex: Knex;
    let proxy: TcpProxy | undefined;
    let server: ServingHttpApp;
    let lines: string[];

    beforeEach(async function () {
      lines = [];
      const destination = new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(
            ...chunk
              .toString('utf8')
              .split('\n')
              .filter((line) => line !== ''),
          );
          done();
        },
      });
      // As the server makes it.
      const logger = await PinoLogger.create({ level: 'info', format: 'json', destination });
      const { url } = database();
      if (label === 'MySQL') {
        const target = new URL(url);
        proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
        target.host = `127.0.0.1:${proxy.port}`;
        knex = connectMysql(target.toString(), { logger });
      } else {
        knex = connectSqlite(new URL(url).pathname, { logger });
      }
      const useCase = new CreateContactAndCampaign(
        failingOn(new KnexContactRepository(knex), 'contact_fails'),
        failingOn(new KnexCampaignUploader(knex), 'campaign_fails'),
        { brand: 'VoiceGenie', logger },
      );
      server = await serveHttpApp(
        createHttpApp(useCase, { logger, apiKeys: [{ name: 'crm', secret: SECRET }], ready: async () => undefined }),
        { port: 0, host: '127.0.0.1' },
      );
    });
    afterEach(async function () {
      await server.close();
      await knex.destroy();
      await proxy?.close();
      proxy = undefined;
    });

    async function send(identifierName: string, rows: unknown = rowsOf(3)): Promise<number> {
      const response = await fetch(`${server.url}/createContactAndCampaign`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'x-api-key': SECRET },
        body: JSON.stringify({ identifierName, userData: rows }),
      });
      await response.arrayBuffer();
      return response.status;
    }

    /** Sends a request line a client controls byte for byte, as fetch would not. */
    async function sendRaw(head: string): Promise<void> {
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
      await new Promise<void>((resolve) => {
        socket.on('data', () => socket.end());
        socket.on('close', () => resolve());
        socket.write(head);
      });
    }

    it('hold no phone number, name, custom field value or secret on any path, and cannot be forged', async function () {
      const statuses = [
        await send('kept'),
        await send('kept'),
        await send('kept', rowsOf(4)),
        await send('bad name\n{"level":60}', [{ phone_number: `${PHONE_DIGITS}x`, name: NAME, city: FIELD_VALUE }]),
        await send('contact_fails'),
        await send('campaign_fails'),
      ];
      await sendRaw(`GET /a"b\\c{"level":60,"msg":"forged"} HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${'"'}x\r\n\r\n`);
      await sendRaw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: id\u0085"},"msg":"forged\r\n\r\n`);
      if (proxy !== undefined) {
        proxy.cut();
        statuses.push(await send('while_cut'));
        proxy.restore();
      }

      expect(statuses).to.deep.equal([200, 200, 409, 400, 500, 500, ...(proxy === undefined ? [] : [500])]);
      const log = lines.join('\n');
      expect(log).to.include('contact creation failed').and.to.include('campaign creation failed');
      expect(log).to.include('ER_DUP_ENTRY');
      for (const secretValue of [PHONE_DIGITS, 'Privatename', 'Secretville', SECRET]) {
        expect(log, secretValue).not.to.include(secretValue);
      }
      const parsed = lines.map((line) => JSON.parse(line) as { level: number; msg: string; requestId?: string });
      expect(parsed.filter((entry) => entry.msg === 'forged' || entry.level === 60)).to.deep.equal([]);
      expect(parsed.filter((entry) => entry.msg === 'request')).to.have.length(statuses.length + 2);
      // Every line written for a request names it, the failures of the ports included.
      const failures = parsed.filter((entry) => entry.msg.endsWith('creation failed'));
      expect(failures).to.have.length(proxy === undefined ? 2 : 3);
      for (const failure of failures) expect(failure.requestId).to.be.a('string');
    });

    it('take phone numbers and e-mail addresses out of paths and request ids', async function () {
      const paths = [
        `/nowhere/${PRIVATE_NUMBER}/${PRIVATE_ADDRESS}`,
        `/nowhere/${CALL_ID}/${PRIVATE_NUMBER}-${CALL_ID}`,
        `/nowhere/+91%20${PRIVATE_NUMBER.slice(2, 7)}-${PRIVATE_NUMBER.slice(7)}/${PRIVATE_ADDRESS.replace('@', '%40')}`,
      ];
      const statuses = [];
      for (const path of paths) {
        const response = await fetch(`${server.url}${path}`, { headers: { 'x-api-key': SECRET } });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
      const ids = [PRIVATE_NUMBER, `call-${PRIVATE_NUMBER.slice(0, 5)}-${PRIVATE_NUMBER.slice(5)}`, 'trace-42'];
      const answeredIds = [];
      for (const id of [...ids, BALANCER_ID]) {
        const response = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': id } });
        await response.arrayBuffer();
        answeredIds.push(response.headers.get('X-Request-Id'));
      }

      expect(statuses).to.deep.equal([404, 404, 404]);
      expect(answeredIds[0]).to.match(UUID);
      expect(answeredIds[1]).to.match(UUID);
      expect(answeredIds.slice(2)).to.deep.equal(['trace-42', BALANCER_ID]);
      const requests = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry['msg'] === 'request');
      expect(requests.map((entry) => entry['path'])).to.deep.equal([
        '/nowhere/…/…',
        `/nowhere/${CALL_ID}/…`,
        '/nowhere/…/…',
        ...Array<string>(4).fill('/healthz'),
      ]);
      expect(requests.map((entry) => entry['requestId']).slice(3)).to.deep.equal(answeredIds);
      const log = lines.join('\n');
      for (const privateText of [PRIVATE_NUMBER.slice(2), PRIVATE_NUMBER.slice(0, 5), 'zebulon', 'example.com']) {
        expect(log, privateText).not.to.include(privateText);
      }
    });

    it('keep what a trigger says out of the error logged, and its codes in', async function () {
      // What a trigger says may be anything, a name as well.
      const trigger =
        label === 'MySQL'
          ? `create trigger private_refusal before insert on campaigns for each row begin
               if new.name like '%trigger_fails%' then signal sqlstate '45000' set message_text = '${PRIVATE_NAME}'; end if;
             end`
          : `create trigger private_refusal before insert on campaigns when new.name like '%trigger_fails%'
             begin select raise(abort, '${PRIVATE_NAME}'); end`;
      await knex.raw(trigger);
      try {
        expect(await send('trigger_fails')).to.equal(500);
      } finally {
        await knex.raw('drop trigger private_refusal');
      }

      const failure = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry['msg'] === 'campaign creation failed');
      expect(failure?.['cause']).to.deep.include(
        label === 'MySQL'
          ? { code: 'ER_SIGNAL_EXCEPTION', errno: 1644, sqlState: '45000' }
          : { code: 'SQLITE_CONSTRAINT_TRIGGER' },
      );
      const log = lines.join('\n');
      for (const privateText of ['Zebulon', 'Quixote']) expect(log, privateText).not.to.include(privateText);
    });
  },
);

describe("the logger's error serializer", function () {
  async function logged(error: Error): Promise<Record<string, unknown>> {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = await PinoLogger.create({ level: 'info', format: 'json', destination });
    logger.error('failed', { error });
    return (JSON.parse(lines.join('')) as { error: Record<string, unknown> }).error;
  }

  it("keeps a driver's codes, and its message only when it is a known one that quotes nothing", async function () {
    const signalled = Object.assign(new Error(`insert into \`campaigns\` (\`name\`) values ('x') - ${PRIVATE_NAME}`), {
      code: 'ER_SIGNAL_EXCEPTION',
      errno: 1644,
      sqlState: '45000',
      sqlMessage: PRIVATE_NAME,
      sql: "insert into `campaigns` (`name`) values ('x')",
    });
    const lockWait = Object.assign(
      new Error("update `campaigns` set `status` = 'x' - Lock wait timeout exceeded; try restarting transaction"),
      {
        code: 'ER_LOCK_WAIT_TIMEOUT',
        errno: 1205,
        sqlState: 'HY000',
        sqlMessage: 'Lock wait timeout exceeded; try restarting transaction',
      },
    );
    const sqliteRaise = Object.assign(new Error(`insert into \`campaigns\` - ${PRIVATE_NAME}`), {
      name: 'SqliteError',
      code: 'SQLITE_CONSTRAINT_TRIGGER',
    });

    const [signalledLine, lockWaitLine, sqliteLine] = await Promise.all([signalled, lockWait, sqliteRaise].map(logged));

    expect(signalledLine).to.deep.include({
      type: 'Error',
      code: 'ER_SIGNAL_EXCEPTION',
      errno: 1644,
      sqlState: '45000',
    });
    expect(signalledLine).not.to.have.property('message');
    expect(sqliteLine).to.deep.include({ type: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER' });
    expect(sqliteLine).not.to.have.property('message');
    expect(lockWaitLine).to.deep.include({
      code: 'ER_LOCK_WAIT_TIMEOUT',
      message: 'Lock wait timeout exceeded; try restarting transaction',
    });
    expect(JSON.stringify([signalledLine, sqliteLine])).not.to.match(/Zebulon|Quixote|values/);
  });

  it('takes e-mail addresses and phone numbers out of any other message', async function () {
    const line = await logged(new Error(`no answer from ${PRIVATE_ADDRESS} at +91 98765-43210 (attempt 2)`));

    expect(line).to.deep.include({ type: 'Error', message: 'no answer from … at … (attempt 2)' });
  });
});
