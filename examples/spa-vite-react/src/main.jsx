import { createRoot } from 'react-dom/client';

function App() {
  return <h1>hello from spa-vite-react</h1>;
}

createRoot(document.getElementById('root')).render(<App />);
