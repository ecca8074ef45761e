import adapter from '@sveltejs/adapter-static';

export default {
  kit: {
    // index.html is the fallback page, so client-side routes work behind any static server.
    adapter: adapter({ fallback: 'index.html' }),
  },
};
