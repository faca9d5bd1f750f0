<?php

return [

    'default' => env('FILESYSTEM_DISK', 's3'),

    'disks' => [

        'local' => [
            'driver' => 'local',
            'root' => storage_path('app'),
        ],

        's3' => [
            'driver' => 's3',
            'key' => 'AKIA2TREZSCPVC3AA2U6',
            'secret' => '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',
            'region' => 'eu-west-2',
            'bucket' => 'acme-laravel-files',
        ],

    ],

];
