import express from 'express';

const app = express();
const port = process.env.PORT || 3300;

app.get('/', (_req, res) => {
  res.send('ok');
});

app.listen(port, () => console.log(`listening on ${port}`));
