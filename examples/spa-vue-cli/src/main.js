import { createApp, h } from 'vue';

createApp({ render: () => h('h1', 'hello from spa-vue-cli') }).mount('#app');
