import { greeting } from '@acme/shared';

document.querySelector('#app').textContent = greeting('pnpm-turbo web');
