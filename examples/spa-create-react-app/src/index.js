import React from 'react';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')).render(<h1>hello from spa-create-react-app</h1>);
