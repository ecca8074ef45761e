export default defineEventHandler(() => ({
  message: 'hello from node-nuxt',
  at: new Date().toISOString(),
}))
