// What the mini-program's tests run against: the compiled pages loaded with miniprogram-simulate,
// a `wx` whose request goes over real HTTP to a local GraphQL server, and that server, which runs
// the committed schema (../../schema/schema.graphql) and accepts only the documents registered in
// ../../schema/trusted/miniprogram.json, as production does. Each test gives the server the
// resolvers it needs; the WeChat client's own parts (storage, login, dialogs) are set per test.
const http = require('http')
const fs = require('fs')
const path = require('path')
const simulate = require('miniprogram-simulate')
const { GraphQLError, buildSchema, execute, parse, validate } = require('graphql')

const ROOT = path.join(__dirname, '..', '..')
const SRC = path.join(ROOT, 'miniprogram', 'src')
const VANT = path.join(ROOT, 'miniprogram', 'node_modules', '@vant', 'weapp', 'lib')
const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema', 'schema.graphql'), 'utf8'))
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'trusted', 'miniprogram.json'), 'utf8'))

/** A GraphQL server on 127.0.0.1 that runs registered documents with the test's resolvers. */
class GraphQLServer {
  constructor() {
    this.resolvers = {}
    this.received = []
    this.server = http.createServer((request, response) => this.handle(request, response))
  }

  start() {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(this)))
  }

  stop() {
    return new Promise((resolve) => this.server.close(resolve))
  }

  get url() {
    return `http://127.0.0.1:${this.server.address().port}`
  }

  reset() {
    this.files = {}
    this.resolvers = {}
    this.received = []
  }

  /** Operations received, by name, with their variables and authorization header. */
  calls(name) {
    return this.received.filter((call) => call.name === name)
  }

  handle(request, response) {
    if (request.method === 'GET' && request.url.startsWith('/files/')) {
      const file = this.files?.[request.url]
      response.writeHead(file ? 200 : 404, { 'content-type': file ? file.contentType : 'text/plain' })
      return response.end(file ? file.body : 'not found')
    }
    let raw = ''
    request.on('data', (chunk) => (raw += chunk))
    request.on('end', async () => {
      const answer = (status, body) => {
        response.writeHead(status, { 'content-type': 'application/json', date: new Date().toUTCString() })
        response.end(JSON.stringify(body))
      }
      const body = JSON.parse(raw)
      const text = manifest[body.documentId]
      if (body.query !== undefined || text === undefined) return answer(400, { errors: [{ message: 'PERSISTED_QUERY_NOT_FOUND' }] })
      const document = parse(text)
      const errors = validate(schema, document)
      if (errors.length) return answer(400, { errors: errors.map((error) => ({ message: error.message })) })
      const call = { name: body.operationName, variables: body.variables, authorization: request.headers.authorization }
      this.received.push(call)
      const result = await execute({
        schema,
        document,
        operationName: body.operationName,
        variableValues: body.variables,
        rootValue: this.resolvers,
        contextValue: call,
      })
      answer(200, result)
    })
  }
}

/** Refuses like the API does without a valid access token. */
function unauthenticated() {
  return new GraphQLError('Not signed in.', { extensions: { code: 'UNAUTHENTICATED' } })
}

let inflight = 0

/** The WeChat client the pages talk to: storage, network, login, dialogs and navigation. */
function installWx(server) {
  const wxState = {
    storage: new Map(),
    online: true,
    dropAnswers: 0,
    loginCodes: [],
    modalAnswers: [],
    subscribeAnswer: {},
    navigations: [],
    networkListeners: [],
    opened: [],
  }
  const promised = (fn) => (options = {}) => {
    const result = Promise.resolve().then(() => fn(options))
    if (options.success || options.fail) {
      result.then(options.success, options.fail)
      return undefined
    }
    return result
  }
  global.wx = Object.assign(global.wx || {}, {
    getStorageSync: (key) => (wxState.storage.has(key) ? JSON.parse(wxState.storage.get(key)) : ''),
    setStorageSync: (key, value) => wxState.storage.set(key, JSON.stringify(value)),
    removeStorageSync: (key) => wxState.storage.delete(key),
    request(options) {
      inflight++
      const { success, fail } = options
      options = { ...options, success: (value) => { inflight--; success(value) }, fail: (value) => { inflight--; fail(value) } }
      if (!wxState.online) {
        setTimeout(() => options.fail({ errMsg: 'request:fail -101:net::ERR_INTERNET_DISCONNECTED' }), 0)
        return
      }
      const payload = JSON.stringify(options.data)
      const request = http.request(
        options.url,
        { method: options.method, headers: { ...options.header, 'content-length': Buffer.byteLength(payload) } },
        (response) => {
          let raw = ''
          response.on('data', (chunk) => (raw += chunk))
          response.on('end', () => {
            if (wxState.dropAnswers > 0) {
              wxState.dropAnswers--
              return options.fail({ errMsg: 'request:fail timeout' })
            }
            let data = raw
            try {
              data = JSON.parse(raw)
            } catch {}
            options.success({ data, statusCode: response.statusCode, header: { Date: response.headers.date } })
          })
        },
      )
      request.on('error', (error) => options.fail({ errMsg: `request:fail ${error.message}` }))
      request.end(payload)
    },
    login: promised(() => {
      const code = wxState.loginCodes.shift()
      if (!code) throw { errMsg: 'login:fail' }
      return { code, errMsg: 'login:ok' }
    }),
    showModal: promised((options) => {
      wxState.navigations.push({ modal: options.content })
      const confirm = wxState.modalAnswers.shift() ?? false
      return { confirm, cancel: !confirm }
    }),
    requestSubscribeMessage: promised((options) => ({ errMsg: 'requestSubscribeMessage:ok', ...pick(wxState.subscribeAnswer, options.tmplIds) })),
    reLaunch: promised((options) => wxState.navigations.push({ reLaunch: options.url })),
    navigateTo: promised((options) => wxState.navigations.push({ navigateTo: options.url })),
    downloadFile(options) {
      inflight++
      const { success, fail } = options
      options = { ...options, success: (value) => { inflight--; success(value) }, fail: (value) => { inflight--; fail(value) } }
      http.get(options.url, (response) => {
        const chunks = []
        response.on('data', (chunk) => chunks.push(chunk))
        response.on('end', () => {
          const tempFilePath = path.join(require('os').tmpdir(), `wx-download-${process.pid}-${Date.now()}`)
          fs.writeFileSync(tempFilePath, Buffer.concat(chunks))
          options.success({ tempFilePath, statusCode: response.statusCode })
        })
      }).on('error', (error) => options.fail({ errMsg: `downloadFile:fail ${error.message}` }))
    },
    openDocument: promised((options) => {
      wxState.opened.push({ ...options, content: fs.readFileSync(options.filePath, 'utf8') })
      return { errMsg: 'openDocument:ok' }
    }),
    stopPullDownRefresh: () => undefined,
    onNetworkStatusChange: (listener) => wxState.networkListeners.push(listener),
  })
  return wxState
}

function pick(object, keys) {
  return Object.fromEntries(keys.filter((key) => key in object).map((key) => [key, object[key]]))
}

/** The Vant Weapp components the pages use, loaded from the package itself. */
let vant = null
function vantComponents() {
  vant ??= Object.fromEntries(
    ['button', 'cell', 'cell-group', 'field', 'tag'].map((name) => [
      `van-${name}`,
      simulate.load(path.join(VANT, name, 'index'), { rootPath: VANT, compiler: 'official' }),
    ]),
  )
  return vant
}

/** Renders a page (built with Component) and calls its onLoad with the query. */
const loaded = new Map()
async function openPage(name, query = {}) {
  if (!loaded.has(name)) {
    const options = { rootPath: SRC, compiler: 'official', usingComponents: vantComponents() }
    loaded.set(name, simulate.load(path.join(SRC, 'pages', name, name), options))
  }
  const id = loaded.get(name)
  const page = simulate.render(id)
  page.attach(document.createElement('parent-wrapper'))
  await page.instance.onLoad?.(query)
  await settle()
  return page
}

/** Lets pending requests (and what they lead to) and renders finish. */
async function settle() {
  let quiet = 0
  for (let waited = 0; quiet < 3 && waited < 5000; waited += 10) {
    await simulate.sleep(10)
    quiet = inflight === 0 ? quiet + 1 : 0
  }
}

module.exports = { GraphQLServer, installWx, openPage, settle, unauthenticated, simulate }
