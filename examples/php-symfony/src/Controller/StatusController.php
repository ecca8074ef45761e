<?php

namespace App\Controller;

use Symfony\Bundle\FrameworkBundle\Controller\AbstractController;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\Intl\Countries;
use Symfony\Component\Routing\Attribute\Route;

final class StatusController extends AbstractController
{
    #[Route('/', name: 'status')]
    public function index(): Response
    {
        return new Response('hello from php-symfony', headers: ['Content-Type' => 'text/plain']);
    }

    #[Route('/regions', name: 'regions')]
    public function regions(): Response
    {
        // Country names come from ICU: ext-intl.
        return $this->json(['de' => Countries::getName('DE', 'fr')]);
    }
}
